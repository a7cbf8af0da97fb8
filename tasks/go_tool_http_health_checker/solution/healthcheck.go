// Package healthcheck polls HTTP endpoints and reports their health.
package healthcheck

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
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

const (
	defaultConcurrency = 4
	defaultTimeout     = 5 * time.Second
	maxBodyBytes       = 1 << 20
	userAgent          = "healthcheck/1.0"
)

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidConfig, fmt.Sprintf(format, args...))
}

// validate checks cfg and reports the first problem found.
func validate(cfg Config) error {
	if cfg.Concurrency < 0 {
		return invalid("concurrency %d is negative", cfg.Concurrency)
	}
	if cfg.DefaultTimeout < 0 {
		return invalid("default timeout %v is negative", cfg.DefaultTimeout)
	}
	if cfg.RetryDelay < 0 {
		return invalid("retry delay %v is negative", cfg.RetryDelay)
	}
	names := make(map[string]bool, len(cfg.Endpoints))
	for i, ep := range cfg.Endpoints {
		if ep.Name == "" {
			return invalid("endpoint %d has no name", i)
		}
		if names[ep.Name] {
			return invalid("duplicate endpoint name %q", ep.Name)
		}
		names[ep.Name] = true
		u, err := url.Parse(ep.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return invalid("endpoint %q: URL %q is not an absolute http(s) URL", ep.Name, ep.URL)
		}
		switch ep.Method {
		case "", http.MethodGet, http.MethodHead:
		default:
			return invalid("endpoint %q: unsupported method %q", ep.Name, ep.Method)
		}
		if ep.Timeout < 0 {
			return invalid("endpoint %q: timeout %v is negative", ep.Name, ep.Timeout)
		}
		if ep.Retries < 0 {
			return invalid("endpoint %q: retries %d is negative", ep.Name, ep.Retries)
		}
		if ep.ExpectStatus != 0 && (ep.ExpectStatus < 100 || ep.ExpectStatus > 599) {
			return invalid("endpoint %q: expected status %d is out of range", ep.Name, ep.ExpectStatus)
		}
	}
	return nil
}

// duration is a time.Duration written in JSON as a Go duration string.
type duration time.Duration

func (d *duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("duration must be a string like \"500ms\": %s", b)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = duration(v)
	return nil
}

type fileEndpoint struct {
	Name         string   `json:"name"`
	URL          string   `json:"url"`
	Method       string   `json:"method"`
	Timeout      duration `json:"timeout"`
	Retries      int      `json:"retries"`
	ExpectStatus int      `json:"expect_status"`
	ExpectBody   string   `json:"expect_body"`
}

type fileConfig struct {
	Concurrency    int            `json:"concurrency"`
	DefaultTimeout duration       `json:"default_timeout"`
	RetryDelay     duration       `json:"retry_delay"`
	Endpoints      []fileEndpoint `json:"endpoints"`
}

// LoadConfig parses and validates a JSON configuration.
func LoadConfig(r io.Reader) (Config, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var fc fileConfig
	if err := dec.Decode(&fc); err != nil {
		return Config{}, fmt.Errorf("%w: %v", ErrInvalidConfig, err)
	}
	cfg := Config{
		Concurrency:    fc.Concurrency,
		DefaultTimeout: time.Duration(fc.DefaultTimeout),
		RetryDelay:     time.Duration(fc.RetryDelay),
	}
	for _, e := range fc.Endpoints {
		cfg.Endpoints = append(cfg.Endpoints, Endpoint{
			Name:         e.Name,
			URL:          e.URL,
			Method:       e.Method,
			Timeout:      time.Duration(e.Timeout),
			Retries:      e.Retries,
			ExpectStatus: e.ExpectStatus,
			ExpectBody:   e.ExpectBody,
		})
	}
	if err := validate(cfg); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// Check validates cfg, checks every endpoint and returns the report.
func Check(ctx context.Context, cfg Config) (Report, error) {
	if err := validate(cfg); err != nil {
		return Report{}, err
	}
	concurrency := cfg.Concurrency
	if concurrency == 0 {
		concurrency = defaultConcurrency
	}
	client := &http.Client{
		// A health check judges the endpoint itself, not where it redirects.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	defer client.CloseIdleConnections()

	results := make([]Result, len(cfg.Endpoints))
	slots := make(chan struct{}, concurrency)
	var wg sync.WaitGroup
	for i, ep := range cfg.Endpoints {
		wg.Add(1)
		go func(i int, ep Endpoint) {
			defer wg.Done()
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-slots }()
			results[i] = checkEndpoint(ctx, client, cfg, ep)
		}(i, ep)
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return Report{}, err
	}

	rep := Report{Total: len(results), Results: results}
	for _, r := range results {
		if !r.Healthy {
			rep.Unhealthy++
		}
	}
	rep.Healthy = rep.Unhealthy == 0
	return rep, nil
}

// checkEndpoint runs up to 1+Retries attempts, stopping at the first success.
func checkEndpoint(ctx context.Context, client *http.Client, cfg Config, ep Endpoint) Result {
	timeout := ep.Timeout
	if timeout == 0 {
		timeout = cfg.DefaultTimeout
	}
	if timeout == 0 {
		timeout = defaultTimeout
	}
	res := Result{Name: ep.Name, URL: ep.URL}
	for attempt := 0; attempt <= ep.Retries; attempt++ {
		if attempt > 0 && cfg.RetryDelay > 0 {
			t := time.NewTimer(cfg.RetryDelay)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return res
			}
		}
		if ctx.Err() != nil {
			return res
		}
		res.Attempts++
		res.Status, res.Error = attempt1(ctx, client, ep, timeout)
		if res.Error == "" {
			res.Healthy = true
			return res
		}
	}
	return res
}

// attempt1 performs one request and returns the status received (0 if none)
// and a failure reason ("" if healthy).
func attempt1(ctx context.Context, client *http.Client, ep Endpoint, timeout time.Duration) (int, string) {
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	failed := func(err error) string {
		if ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded) {
			return "timeout after " + timeout.String()
		}
		return "request error: " + err.Error()
	}

	method := ep.Method
	if method == "" {
		method = http.MethodGet
	}
	req, err := http.NewRequestWithContext(actx, method, ep.URL, nil)
	if err != nil {
		return 0, "request error: " + err.Error()
	}
	req.Header.Set("User-Agent", userAgent)
	resp, err := client.Do(req)
	if err != nil {
		return 0, failed(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes))
	if err != nil {
		return resp.StatusCode, failed(err)
	}

	switch {
	case ep.ExpectStatus == 0 && (resp.StatusCode < 200 || resp.StatusCode > 299),
		ep.ExpectStatus != 0 && resp.StatusCode != ep.ExpectStatus:
		return resp.StatusCode, fmt.Sprintf("unexpected status %d", resp.StatusCode)
	case ep.ExpectBody != "" && !bytes.Contains(body, []byte(ep.ExpectBody)):
		return resp.StatusCode, fmt.Sprintf("body does not contain %q", ep.ExpectBody)
	}
	return resp.StatusCode, ""
}

// WriteJSON writes rep as indented JSON followed by a newline.
func WriteJSON(w io.Writer, rep Report) error {
	if rep.Results == nil {
		rep.Results = []Result{}
	}
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// Run is the command-line entry point; it returns the process exit code:
// 0 all healthy, 1 some endpoint unhealthy, 2 usage or configuration error.
func Run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "", "path of the JSON config file")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "error: "+format+"\n", a...)
		return 2
	}
	if fs.NArg() > 0 {
		return fail("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if *configPath == "" {
		return fail("-config is required")
	}
	f, err := os.Open(*configPath)
	if err != nil {
		return fail("%v", err)
	}
	cfg, err := LoadConfig(f)
	f.Close()
	if err != nil {
		return fail("%v", err)
	}
	rep, err := Check(context.Background(), cfg)
	if err != nil {
		return fail("%v", err)
	}
	if err := WriteJSON(stdout, rep); err != nil {
		return fail("%v", err)
	}
	if !rep.Healthy {
		return 1
	}
	return 0
}
