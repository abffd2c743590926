// Command parallax reads many outlets' articles about one event and writes
// one attributed account of it.
//
// Usage:
//
//	parallax <command> [flags] [arguments]
//
// Run "parallax help" for the commands and "parallax <command> --help" for
// each command's flags and an example.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"golang.org/x/term"
)

// Exit codes. Scripts depend on them; the README documents them.
const (
	exitOK      = 0 // everything read and written
	exitFailed  = 1 // nothing useful written: no readable input, or an output error
	exitUsage   = 2 // bad flags or arguments
	exitPartial = 3 // output written, but some inputs failed (each reported on stderr)
)

// env is what a command may touch of the outside world, so that tests can
// run commands in-process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// tty says whether stdout and stderr are terminals: colour and
	// progress bars are for people, not for pipes.
	stdoutTTY, stderrTTY bool
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) int
}

var commands = []command{
	{"digest", "summarize one story with source markers", runDigest},
	{"compare", "set the sources of one story side by side: shared facts, exclusives, figures, quotes, names", runCompare},
	{"summarize", "summarize every story of an MDS JSONL file (batch)", runSummarize},
	{"cluster", "group a pile of articles into stories, one {\"id\",\"story\"} line per article", runCluster},
	{"rouge", "score summaries with ROUGE exactly as ROUGE-1.5.5 does", runRouge},
	{"ingest", "read files, pages and URLs into articles, one JSON line each, with a status per input", runIngest},
	{"serve", "run the news desk: feeds in, stories out, on web pages and a JSON API", runServe},
	{"config", "print the configuration parallax serve would run with (config dump)", runConfig},
	{"eval", "evaluate Parallax on a data set against baselines and published systems", runEval},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	e := &env{
		stdin:     os.Stdin,
		stdout:    os.Stdout,
		stderr:    os.Stderr,
		stdoutTTY: isTerminal(os.Stdout),
		stderrTTY: isTerminal(os.Stderr),
	}
	os.Exit(run(ctx, e, os.Args[1:]))
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		usage(e.stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			return run(ctx, e, []string{args[1], "--help"})
		}
		usage(e.stdout)
		return exitOK
	}
	for _, c := range commands {
		if c.name == name {
			return c.run(ctx, e, args[1:])
		}
	}
	fmt.Fprintf(e.stderr, "parallax: unknown command %q\n\n", name)
	usage(e.stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "Parallax reads many outlets' articles about one event and writes one attributed account.\n\n")
	fmt.Fprintf(w, "Usage:\n  parallax <command> [flags] [arguments]\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun \"parallax <command> --help\" for a command's flags and an example.\n")
}

// newFlags makes a command's flag set, with a --help that prints the usage
// line, the flags and an example.
func newFlags(e *env, name, args, about, example string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: parallax %s [flags] %s\n\n%s\n\nFlags:\n", name, args, about)
		fs.VisitAll(func(f *flag.Flag) {
			typ, help := flag.UnquoteUsage(f)
			fmt.Fprintf(w, "  --%s", f.Name)
			if typ != "" {
				fmt.Fprintf(w, " %s", typ)
			}
			fmt.Fprintf(w, "\n    \t%s", strings.ReplaceAll(help, "\n", "\n    \t"))
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
				fmt.Fprintf(w, " (default %s)", f.DefValue)
			}
			fmt.Fprintln(w)
		})
		fmt.Fprintf(w, "\nExample:\n%s\n", example)
	}
	return fs
}

// parseFlags parses args, allowing flags after the positional arguments
// ("parallax digest dir/ --words 50"), and returns the positional ones. The
// code is -1 when the command should go on, exitOK after --help and
// exitUsage on a bad flag.
func parseFlags(fs *flag.FlagSet, args []string) (positional []string, code int) {
	for {
		err := fs.Parse(args)
		switch {
		case errors.Is(err, flag.ErrHelp):
			return nil, exitOK
		case err != nil:
			return nil, exitUsage
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, -1
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), -1
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// reportErrors prints each per-item error on stderr.
func reportErrors(e *env, errs []error) {
	for _, err := range errs {
		fmt.Fprintf(e.stderr, "parallax: %v\n", err)
	}
}
