package main

import (
	"context"
	"fmt"
)

func runRouge(ctx context.Context, e *env, args []string) int {
	fmt.Fprintln(e.stderr, "parallax rouge: not yet")
	return exitUsage
}
