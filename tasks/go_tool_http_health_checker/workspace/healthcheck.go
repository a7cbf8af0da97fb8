// Package healthcheck polls HTTP endpoints and reports their health.
package healthcheck

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// Endpoint is one URL to check.
type Endpoint struct {
	Name         string        // unique, non-empty
	URL          string        // absolute http:// or https:// URL
	Method       string        // "", "GET" or "HEAD"; "" means GET
	Timeout      time.Duration // per attempt; 0 means Config.DefaultTimeout
	Retries      int           // extra attempts after a failed one
	ExpectStatus int           // 0 means any 2xx
	ExpectBody   string        // substring the body must contain; "" = no check
}

// Config describes a health check run.
type Config struct {
	Endpoints      []Endpoint
	Concurrency    int           // endpoints checked at once; 0 means 4
	DefaultTimeout time.Duration // 0 means 5s
	RetryDelay     time.Duration // pause before each retry
}

// Result is the outcome for one endpoint.
type Result struct {
	Name     string `json:"name"`
	URL      string `json:"url"`
	Healthy  bool   `json:"healthy"`
	Status   int    `json:"status"`
	Attempts int    `json:"attempts"`
	Error    string `json:"error,omitempty"`
}

// Report is the outcome of a run.
type Report struct {
	Healthy   bool     `json:"healthy"`
	Total     int      `json:"total"`
	Unhealthy int      `json:"unhealthy"`
	Results   []Result `json:"results"`
}

// ErrInvalidConfig is wrapped by every configuration error.
var ErrInvalidConfig = errors.New("healthcheck: invalid config")

var errNotImplemented = errors.New("healthcheck: not implemented")

// LoadConfig parses and validates a JSON configuration.
func LoadConfig(r io.Reader) (Config, error) {
	// TODO: implement.
	return Config{}, errNotImplemented
}

// Check validates cfg, checks every endpoint and returns the report.
func Check(ctx context.Context, cfg Config) (Report, error) {
	// TODO: implement.
	return Report{}, errNotImplemented
}

// WriteJSON writes rep as indented JSON followed by a newline.
func WriteJSON(w io.Writer, rep Report) error {
	// TODO: implement.
	return errNotImplemented
}

// Run is the command-line entry point; it returns the process exit code.
func Run(args []string, stdout, stderr io.Writer) int {
	// TODO: implement.
	fmt.Fprintln(stderr, "healthcheck: not implemented")
	return 3
}
