package healthcheck_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"healthcheck"
)

const guard = 10 * time.Second

// newServer starts a loopback server. Handlers may block on stop (if not
// nil), which is closed before the server shuts down.
func newServer(t *testing.T, stop chan struct{}, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	if stop != nil {
		t.Cleanup(func() { close(stop) })
	}
	return srv
}

// check runs Check with a real-time guard.
func check(t *testing.T, cfg healthcheck.Config) healthcheck.Report {
	t.Helper()
	type out struct {
		rep healthcheck.Report
		err error
	}
	ch := make(chan out, 1)
	go func() {
		rep, err := healthcheck.Check(context.Background(), cfg)
		ch <- out{rep, err}
	}()
	select {
	case o := <-ch:
		if o.err != nil {
			t.Fatalf("Check: %v", o.err)
		}
		if len(o.rep.Results) != len(cfg.Endpoints) {
			t.Fatalf("Check returned %d results for %d endpoints", len(o.rep.Results), len(cfg.Endpoints))
		}
		return o.rep
	case <-time.After(guard):
		t.Fatalf("Check did not return within %v", guard)
		return healthcheck.Report{}
	}
}

func wantResult(t *testing.T, got, want healthcheck.Result) {
	t.Helper()
	if got != want {
		t.Fatalf("result = %+v\n  want %+v", got, want)
	}
}

func TestHealthyEndpointAndRequestShape(t *testing.T) {
	var mu sync.Mutex
	var methods, agents []string
	srv := newServer(t, nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		methods = append(methods, r.Method)
		agents = append(agents, r.Header.Get("User-Agent"))
		mu.Unlock()
		fmt.Fprint(w, "status: ready")
	}))
	rep := check(t, healthcheck.Config{Endpoints: []healthcheck.Endpoint{
		{Name: "api", URL: srv.URL + "/health", ExpectStatus: 200, ExpectBody: "ready"},
		{Name: "head", URL: srv.URL + "/head", Method: "HEAD"},
	}})
	wantResult(t, rep.Results[0], healthcheck.Result{Name: "api", URL: srv.URL + "/health", Healthy: true, Status: 200, Attempts: 1})
	wantResult(t, rep.Results[1], healthcheck.Result{Name: "head", URL: srv.URL + "/head", Healthy: true, Status: 200, Attempts: 1})
	if !rep.Healthy || rep.Total != 2 || rep.Unhealthy != 0 {
		t.Fatalf("report summary = healthy:%v total:%d unhealthy:%d, want true 2 0", rep.Healthy, rep.Total, rep.Unhealthy)
	}
	mu.Lock()
	defer mu.Unlock()
	got := map[string]bool{}
	for _, m := range methods {
		got[m] = true
	}
	if len(methods) != 2 || !got["GET"] || !got["HEAD"] {
		t.Fatalf("server saw methods %v, want one GET and one HEAD", methods)
	}
	for _, a := range agents {
		if a != "healthcheck/1.0" {
			t.Fatalf("User-Agent = %q, want healthcheck/1.0", a)
		}
	}
}

func TestStatusExpectations(t *testing.T) {
	srv := newServer(t, nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/503":
			w.WriteHeader(503)
		case "/404":
			w.WriteHeader(404)
		case "/204":
			w.WriteHeader(204)
		default:
			fmt.Fprint(w, "ok")
		}
	}))
	rep := check(t, healthcheck.Config{Endpoints: []healthcheck.Endpoint{
		{Name: "down", URL: srv.URL + "/503"},
		{Name: "want-201", URL: srv.URL + "/ok", ExpectStatus: 201},
		{Name: "want-404", URL: srv.URL + "/404", ExpectStatus: 404},
		{Name: "no-content", URL: srv.URL + "/204"},
		{Name: "missing", URL: srv.URL + "/404"},
	}})
	wantResult(t, rep.Results[0], healthcheck.Result{Name: "down", URL: srv.URL + "/503", Status: 503, Attempts: 1, Error: "unexpected status 503"})
	wantResult(t, rep.Results[1], healthcheck.Result{Name: "want-201", URL: srv.URL + "/ok", Status: 200, Attempts: 1, Error: "unexpected status 200"})
	wantResult(t, rep.Results[2], healthcheck.Result{Name: "want-404", URL: srv.URL + "/404", Healthy: true, Status: 404, Attempts: 1})
	wantResult(t, rep.Results[3], healthcheck.Result{Name: "no-content", URL: srv.URL + "/204", Healthy: true, Status: 204, Attempts: 1})
	wantResult(t, rep.Results[4], healthcheck.Result{Name: "missing", URL: srv.URL + "/404", Status: 404, Attempts: 1, Error: "unexpected status 404"})
	if rep.Healthy || rep.Total != 5 || rep.Unhealthy != 3 {
		t.Fatalf("report summary = healthy:%v total:%d unhealthy:%d, want false 5 3", rep.Healthy, rep.Total, rep.Unhealthy)
	}
}

func TestBodyExpectationAndLimit(t *testing.T) {
	srv := newServer(t, nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/big":
			w.Write(bytes.Repeat([]byte("a"), 1<<20))
			w.Write([]byte("NEEDLE"))
		case "/edge":
			w.Write(bytes.Repeat([]byte("a"), 1<<20-6))
			w.Write([]byte("NEEDLE"))
		default:
			fmt.Fprint(w, `{"state":"degraded"}`)
		}
	}))
	rep := check(t, healthcheck.Config{Endpoints: []healthcheck.Endpoint{
		{Name: "json", URL: srv.URL + "/json", ExpectBody: `"state":"ok"`},
		{Name: "json2", URL: srv.URL + "/json", ExpectBody: "degraded"},
		{Name: "big", URL: srv.URL + "/big", ExpectBody: "NEEDLE"},
		{Name: "edge", URL: srv.URL + "/edge", ExpectBody: "NEEDLE"},
	}})
	wantResult(t, rep.Results[0], healthcheck.Result{Name: "json", URL: srv.URL + "/json", Status: 200, Attempts: 1, Error: `body does not contain "\"state\":\"ok\""`})
	wantResult(t, rep.Results[1], healthcheck.Result{Name: "json2", URL: srv.URL + "/json", Healthy: true, Status: 200, Attempts: 1})
	wantResult(t, rep.Results[2], healthcheck.Result{Name: "big", URL: srv.URL + "/big", Status: 200, Attempts: 1, Error: `body does not contain "NEEDLE"`})
	wantResult(t, rep.Results[3], healthcheck.Result{Name: "edge", URL: srv.URL + "/edge", Healthy: true, Status: 200, Attempts: 1})
}

func TestRetries(t *testing.T) {
	var flaky, broken atomic.Int32
	srv := newServer(t, nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/flaky":
			if flaky.Add(1) <= 2 {
				w.WriteHeader(500)
				return
			}
			fmt.Fprint(w, "ok")
		case "/broken":
			broken.Add(1)
			w.WriteHeader(502)
		}
	}))
	rep := check(t, healthcheck.Config{RetryDelay: time.Millisecond, Endpoints: []healthcheck.Endpoint{
		{Name: "flaky", URL: srv.URL + "/flaky", Retries: 5, ExpectBody: "ok"},
		{Name: "broken", URL: srv.URL + "/broken", Retries: 2},
	}})
	wantResult(t, rep.Results[0], healthcheck.Result{Name: "flaky", URL: srv.URL + "/flaky", Healthy: true, Status: 200, Attempts: 3})
	wantResult(t, rep.Results[1], healthcheck.Result{Name: "broken", URL: srv.URL + "/broken", Status: 502, Attempts: 3, Error: "unexpected status 502"})
	if flaky.Load() != 3 || broken.Load() != 3 {
		t.Fatalf("server saw %d flaky and %d broken requests, want 3 and 3", flaky.Load(), broken.Load())
	}
}

func TestTimeouts(t *testing.T) {
	var hangs atomic.Int32
	stop := make(chan struct{})
	srv := newServer(t, stop, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/hang":
			hangs.Add(1)
		case "/stall-body":
			w.WriteHeader(200)
			w.(http.Flusher).Flush()
		}
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	rep := check(t, healthcheck.Config{DefaultTimeout: 150 * time.Millisecond, Endpoints: []healthcheck.Endpoint{
		{Name: "hang", URL: srv.URL + "/hang", Timeout: 100 * time.Millisecond, Retries: 1},
		{Name: "stall", URL: srv.URL + "/stall-body", Timeout: 100 * time.Millisecond},
		{Name: "default", URL: srv.URL + "/other"},
	}})
	wantResult(t, rep.Results[0], healthcheck.Result{Name: "hang", URL: srv.URL + "/hang", Status: 0, Attempts: 2, Error: "timeout after 100ms"})
	wantResult(t, rep.Results[1], healthcheck.Result{Name: "stall", URL: srv.URL + "/stall-body", Status: 200, Attempts: 1, Error: "timeout after 100ms"})
	wantResult(t, rep.Results[2], healthcheck.Result{Name: "default", URL: srv.URL + "/other", Status: 0, Attempts: 1, Error: "timeout after 150ms"})
	if hangs.Load() != 2 {
		t.Fatalf("server saw %d requests to /hang, want 2", hangs.Load())
	}
}

func TestConnectionErrors(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	url := dead.URL + "/health"
	dead.Close() // nothing listens on this loopback port any more
	rep := check(t, healthcheck.Config{Endpoints: []healthcheck.Endpoint{
		{Name: "dead", URL: url, Retries: 1},
	}})
	r := rep.Results[0]
	if r.Healthy || r.Status != 0 || r.Attempts != 2 || !strings.HasPrefix(r.Error, "request error: ") {
		t.Fatalf("result = %+v, want unhealthy, status 0, 2 attempts, error starting with \"request error: \"", r)
	}
	if r.Name != "dead" || r.URL != url {
		t.Fatalf("result identifies %q %q, want %q %q", r.Name, r.URL, "dead", url)
	}
}

func TestRedirectsAreNotFollowed(t *testing.T) {
	var followed atomic.Int32
	srv := newServer(t, nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, "/target", http.StatusFound)
			return
		}
		followed.Add(1)
		fmt.Fprint(w, "target")
	}))
	rep := check(t, healthcheck.Config{Endpoints: []healthcheck.Endpoint{
		{Name: "plain", URL: srv.URL + "/moved"},
		{Name: "expect-302", URL: srv.URL + "/moved", ExpectStatus: 302},
	}})
	wantResult(t, rep.Results[0], healthcheck.Result{Name: "plain", URL: srv.URL + "/moved", Status: 302, Attempts: 1, Error: "unexpected status 302"})
	wantResult(t, rep.Results[1], healthcheck.Result{Name: "expect-302", URL: srv.URL + "/moved", Healthy: true, Status: 302, Attempts: 1})
	if n := followed.Load(); n != 0 {
		t.Fatalf("the redirect target was requested %d times", n)
	}
}

// gateHandler blocks each request until `need` requests are in flight at once.
type gateHandler struct {
	need     int32
	inFlight atomic.Int32
	max      atomic.Int32
	gate     chan struct{}
	once     sync.Once
	timedOut atomic.Bool
}

func (g *gateHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := g.inFlight.Add(1)
	for {
		m := g.max.Load()
		if n <= m || g.max.CompareAndSwap(m, n) {
			break
		}
	}
	if n >= g.need {
		g.once.Do(func() { close(g.gate) })
	}
	select {
	case <-g.gate:
	case <-time.After(3 * time.Second):
		g.timedOut.Store(true)
	}
	g.inFlight.Add(-1)
	fmt.Fprint(w, "ok")
}

func TestConcurrencyLimit(t *testing.T) {
	for _, tc := range []struct{ concurrency, want int }{{3, 3}, {0, 4}} {
		g := &gateHandler{need: int32(tc.want), gate: make(chan struct{})}
		srv := newServer(t, nil, g)
		var eps []healthcheck.Endpoint
		for i := 0; i < 9; i++ {
			eps = append(eps, healthcheck.Endpoint{Name: fmt.Sprintf("e%d", i), URL: fmt.Sprintf("%s/e%d", srv.URL, i)})
		}
		rep := check(t, healthcheck.Config{Concurrency: tc.concurrency, Endpoints: eps})
		if !rep.Healthy {
			t.Fatalf("concurrency %d: report unhealthy: %+v", tc.concurrency, rep.Results)
		}
		if g.timedOut.Load() {
			t.Fatalf("concurrency %d: endpoints were not checked concurrently (max %d in flight, want %d)", tc.concurrency, g.max.Load(), tc.want)
		}
		if m := g.max.Load(); m != int32(tc.want) {
			t.Fatalf("concurrency %d: max requests in flight = %d, want %d", tc.concurrency, m, tc.want)
		}
	}
}

func TestResultsFollowConfigOrder(t *testing.T) {
	const n = 5
	done := make([]chan struct{}, n+1)
	for i := range done {
		done[i] = make(chan struct{})
	}
	close(done[n])
	stop := make(chan struct{})
	srv := newServer(t, stop, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var i int
		fmt.Sscanf(r.URL.Path, "/e%d", &i)
		// Endpoint i answers only after endpoint i+1 has answered: the last
		// endpoint finishes first.
		select {
		case <-done[i+1]:
		case <-stop:
		}
		w.WriteHeader(200 + i)
		close(done[i])
	}))
	var eps []healthcheck.Endpoint
	for i := 0; i < n; i++ {
		eps = append(eps, healthcheck.Endpoint{Name: fmt.Sprintf("e%d", i), URL: fmt.Sprintf("%s/e%d", srv.URL, i)})
	}
	rep := check(t, healthcheck.Config{Concurrency: n, Endpoints: eps})
	for i, r := range rep.Results {
		wantResult(t, r, healthcheck.Result{Name: eps[i].Name, URL: eps[i].URL, Healthy: true, Status: 200 + i, Attempts: 1})
	}
	if !rep.Healthy || rep.Total != n {
		t.Fatalf("report summary = healthy:%v total:%d", rep.Healthy, rep.Total)
	}
	empty := check(t, healthcheck.Config{})
	if !empty.Healthy || empty.Total != 0 || empty.Unhealthy != 0 || empty.Results == nil {
		t.Fatalf("report for no endpoints = %+v, want healthy, zero counts, non-nil empty Results", empty)
	}
}

func TestInvalidConfigIsRejectedBeforeAnyRequest(t *testing.T) {
	var hits atomic.Int32
	srv := newServer(t, nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	ok := healthcheck.Endpoint{Name: "ok", URL: srv.URL}
	cases := map[string]healthcheck.Config{
		"empty name":           {Endpoints: []healthcheck.Endpoint{ok, {URL: srv.URL}}},
		"duplicate name":       {Endpoints: []healthcheck.Endpoint{ok, {Name: "ok", URL: srv.URL + "/x"}}},
		"relative url":         {Endpoints: []healthcheck.Endpoint{ok, {Name: "b", URL: "/health"}}},
		"ftp url":              {Endpoints: []healthcheck.Endpoint{ok, {Name: "b", URL: "ftp://127.0.0.1/x"}}},
		"unparsable url":       {Endpoints: []healthcheck.Endpoint{ok, {Name: "b", URL: "http://[::1"}}},
		"post method":          {Endpoints: []healthcheck.Endpoint{ok, {Name: "b", URL: srv.URL, Method: "POST"}}},
		"negative timeout":     {Endpoints: []healthcheck.Endpoint{ok, {Name: "b", URL: srv.URL, Timeout: -time.Second}}},
		"negative retries":     {Endpoints: []healthcheck.Endpoint{ok, {Name: "b", URL: srv.URL, Retries: -1}}},
		"bad expected status":  {Endpoints: []healthcheck.Endpoint{ok, {Name: "b", URL: srv.URL, ExpectStatus: 99}}},
		"status above 599":     {Endpoints: []healthcheck.Endpoint{ok, {Name: "b", URL: srv.URL, ExpectStatus: 600}}},
		"negative concurrency": {Concurrency: -1, Endpoints: []healthcheck.Endpoint{ok}},
		"negative default":     {DefaultTimeout: -1, Endpoints: []healthcheck.Endpoint{ok}},
		"negative retry delay": {RetryDelay: -1, Endpoints: []healthcheck.Endpoint{ok}},
	}
	for name, cfg := range cases {
		rep, err := healthcheck.Check(context.Background(), cfg)
		if !errors.Is(err, healthcheck.ErrInvalidConfig) {
			t.Errorf("%s: Check error = %v, want ErrInvalidConfig", name, err)
		}
		if rep.Results != nil || rep.Total != 0 {
			t.Errorf("%s: Check returned a non-zero report with an error", name)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("the server received %d requests for invalid configs", n)
	}
}

func TestCancellationStopsCheck(t *testing.T) {
	entered := make(chan struct{}, 16)
	stop := make(chan struct{})
	srv := newServer(t, stop, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var eps []healthcheck.Endpoint
	for i := 0; i < 4; i++ {
		eps = append(eps, healthcheck.Endpoint{Name: fmt.Sprintf("e%d", i), URL: srv.URL, Timeout: time.Minute, Retries: 3})
	}
	type out struct {
		rep healthcheck.Report
		err error
	}
	res := make(chan out, 1)
	go func() {
		rep, err := healthcheck.Check(ctx, healthcheck.Config{Concurrency: 2, RetryDelay: time.Minute, Endpoints: eps})
		res <- out{rep, err}
	}()
	select {
	case <-entered:
	case o := <-res:
		t.Fatalf("Check returned (%+v, %v) before any request was answered", o.rep, o.err)
	case <-time.After(guard):
		t.Fatal("no request reached the server")
	}
	cancel()
	select {
	case o := <-res:
		if !errors.Is(o.err, context.Canceled) {
			t.Fatalf("Check error = %v, want context.Canceled", o.err)
		}
		if o.rep.Results != nil || o.rep.Total != 0 {
			t.Fatalf("Check returned a non-zero report %+v on cancellation", o.rep)
		}
	case <-time.After(guard):
		t.Fatal("Check did not return after its context was cancelled")
	}
}

func TestWriteJSONFormat(t *testing.T) {
	rep := healthcheck.Report{
		Healthy: false, Total: 2, Unhealthy: 1,
		Results: []healthcheck.Result{
			{Name: "api", URL: "http://127.0.0.1:8080/health", Healthy: true, Status: 200, Attempts: 1},
			{Name: "db", URL: "http://127.0.0.1:8081/", Status: 0, Attempts: 3, Error: "timeout after 2s"},
		},
	}
	var buf bytes.Buffer
	if err := healthcheck.WriteJSON(&buf, rep); err != nil {
		t.Fatalf("WriteJSON: %v", err)
	}
	want := `{
  "healthy": false,
  "total": 2,
  "unhealthy": 1,
  "results": [
    {
      "name": "api",
      "url": "http://127.0.0.1:8080/health",
      "healthy": true,
      "status": 200,
      "attempts": 1
    },
    {
      "name": "db",
      "url": "http://127.0.0.1:8081/",
      "healthy": false,
      "status": 0,
      "attempts": 3,
      "error": "timeout after 2s"
    }
  ]
}
`
	if buf.String() != want {
		t.Fatalf("WriteJSON wrote:\n%s\nwant:\n%s", buf.String(), want)
	}
	buf.Reset()
	if err := healthcheck.WriteJSON(&buf, healthcheck.Report{Healthy: true}); err != nil {
		t.Fatalf("WriteJSON: %v", err)
	}
	want = "{\n  \"healthy\": true,\n  \"total\": 0,\n  \"unhealthy\": 0,\n  \"results\": []\n}\n"
	if buf.String() != want {
		t.Fatalf("WriteJSON of an empty report wrote %q, want %q", buf.String(), want)
	}
}

func TestLoadConfig(t *testing.T) {
	src := `{
  "concurrency": 3,
  "default_timeout": "2s",
  "retry_delay": "250ms",
  "endpoints": [
    {"name": "api", "url": "https://example.test/health", "method": "HEAD", "timeout": "1.5s",
     "retries": 2, "expect_status": 204, "expect_body": "ok"},
    {"name": "web", "url": "http://127.0.0.1:9/"}
  ]
}`
	cfg, err := healthcheck.LoadConfig(strings.NewReader(src))
	if err != nil {
		t.Fatalf("LoadConfig: %v", err)
	}
	want := healthcheck.Config{
		Concurrency:    3,
		DefaultTimeout: 2 * time.Second,
		RetryDelay:     250 * time.Millisecond,
		Endpoints: []healthcheck.Endpoint{
			{Name: "api", URL: "https://example.test/health", Method: "HEAD", Timeout: 1500 * time.Millisecond, Retries: 2, ExpectStatus: 204, ExpectBody: "ok"},
			{Name: "web", URL: "http://127.0.0.1:9/"},
		},
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Fatalf("LoadConfig = %+v\n want %+v", cfg, want)
	}

	bad := map[string]string{
		"not json":         `{"endpoints": [`,
		"unknown field":    `{"endpoints": [], "color": "red"}`,
		"unknown ep field": `{"endpoints": [{"name": "a", "url": "http://x/", "path": "/"}]}`,
		"bad duration":     `{"default_timeout": "5 parsecs", "endpoints": []}`,
		"numeric duration": `{"endpoints": [{"name": "a", "url": "http://x/", "timeout": 5}]}`,
		"wrong type":       `{"concurrency": "many", "endpoints": []}`,
		"invalid endpoint": `{"endpoints": [{"name": "", "url": "http://x/"}]}`,
		"duplicate names":  `{"endpoints": [{"name": "a", "url": "http://x/"}, {"name": "a", "url": "http://y/"}]}`,
	}
	for name, src := range bad {
		if _, err := healthcheck.LoadConfig(strings.NewReader(src)); !errors.Is(err, healthcheck.ErrInvalidConfig) {
			t.Errorf("%s: LoadConfig error = %v, want ErrInvalidConfig", name, err)
		}
	}
}

func writeConfig(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func run(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = healthcheck.Run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestRunExitCodesAndOutput(t *testing.T) {
	srv := newServer(t, nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/down" {
			w.WriteHeader(500)
			return
		}
		fmt.Fprint(w, "ok")
	}))
	healthy := writeConfig(t, fmt.Sprintf(`{"endpoints": [{"name": "up", "url": %q, "expect_body": "ok"}]}`, srv.URL+"/up"))
	code, stdout, stderr := run("-config", healthy)
	if code != 0 {
		t.Fatalf("healthy run: exit %d, stderr %q", code, stderr)
	}
	var rep healthcheck.Report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("stdout is not a JSON report: %v\n%s", err, stdout)
	}
	if !rep.Healthy || len(rep.Results) != 1 || rep.Results[0].Status != 200 {
		t.Fatalf("healthy run report = %+v", rep)
	}
	var buf bytes.Buffer
	healthcheck.WriteJSON(&buf, rep)
	if stdout != buf.String() {
		t.Fatalf("stdout is not formatted like WriteJSON:\n%s", stdout)
	}

	unhealthy := writeConfig(t, fmt.Sprintf(`{"endpoints": [{"name": "up", "url": %q}, {"name": "down", "url": %q}]}`, srv.URL+"/up", srv.URL+"/down"))
	code, stdout, _ = run("-config", unhealthy)
	if code != 1 {
		t.Fatalf("unhealthy run: exit %d, want 1", code)
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || rep.Healthy || rep.Unhealthy != 1 {
		t.Fatalf("unhealthy run report = %+v (err %v)", rep, err)
	}

	invalid := writeConfig(t, `{"endpoints": [{"name": "x", "url": "ftp://x/"}]}`)
	for name, args := range map[string][]string{
		"missing -config": {},
		"missing file":    {"-config", filepath.Join(t.TempDir(), "nope.json")},
		"invalid config":  {"-config", invalid},
		"extra argument":  {"-config", healthy, "extra"},
	} {
		code, stdout, stderr := run(args...)
		if code != 2 {
			t.Errorf("%s: exit %d, want 2", name, code)
		}
		if stdout != "" {
			t.Errorf("%s: wrote %q to stdout, want nothing", name, stdout)
		}
		if !strings.HasPrefix(stderr, "error: ") {
			t.Errorf("%s: stderr = %q, want it to start with \"error: \"", name, stderr)
		}
	}
	if code, _, stderr := run("-bogus"); code != 2 || stderr == "" {
		t.Fatalf("unknown flag: exit %d stderr %q, want exit 2 and a message", code, stderr)
	}
}
