// Command dashgen turns CSV datasets into standalone HTML chart dashboards.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/dashgen/dashgen/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
