// Command healthcheck polls the HTTP endpoints listed in a JSON config file
// and prints a JSON report. See healthcheck.Run for flags and exit codes.
package main

import (
	"os"

	"healthcheck"
)

func main() {
	os.Exit(healthcheck.Run(os.Args[1:], os.Stdout, os.Stderr))
}
