package server

// webRoutes registers the web pages (the web helper writes them).
func (s *Server) webRoutes() {}
