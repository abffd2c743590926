// Package shareddata locates the evaluation data that lives beside the
// repository, in ../shared/data, for tests and benchmarks. The data is
// third-party and never copied into the repository.
package shareddata

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Dir is the shared data directory: $PARALLAX_DATA when set, else
// shared/data beside the repository's top directory.
func Dir() string {
	if d := os.Getenv("PARALLAX_DATA"); d != "" {
		return d
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return filepath.Join("..", "shared", "data")
	}
	// file is <repo>/internal/shareddata/shareddata.go.
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "data")
}

// Path returns the path of rel inside Dir. When it does not exist, the test
// is skipped with a message saying so, or failed when CI=true: CI must run
// every evaluation.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join(Dir(), rel)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("evaluation data required when CI=true: %v", err)
		}
		tb.Skipf("evaluation data not found, skipping: %v (set PARALLAX_DATA to the shared data directory)", err)
	}
	return p
}
