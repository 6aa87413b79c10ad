// Command dashgen turns CSV datasets into standalone HTML chart dashboards.
package main

import (
	"context"
	"os"

	"github.com/dashgen/dashgen/internal/cli"
)

func main() {
	ctx, stop := cli.NotifyContext(context.Background(), os.Stderr, os.Exit)
	code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
