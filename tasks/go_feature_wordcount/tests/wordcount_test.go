package wordcount_test

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"

	"wordcount"
)

func count(t *testing.T, text string, opts wordcount.Options) map[string]int {
	t.Helper()
	got, err := wordcount.Count(strings.NewReader(text), opts)
	if err != nil {
		t.Fatalf("Count(%q): %v", text, err)
	}
	if got == nil {
		t.Fatalf("Count(%q) returned a nil map", text)
	}
	return got
}

func wantCounts(t *testing.T, got, want map[string]int) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("counts = %v\n want %v", got, want)
	}
}

func TestCountBasicAndCaseFolding(t *testing.T) {
	got := count(t, "The cat and the hat.\nTHE END, the\tend!", wordcount.Options{})
	wantCounts(t, got, map[string]int{"the": 4, "cat": 1, "and": 1, "hat": 1, "end": 2})
}

func TestSeparators(t *testing.T) {
	got := count(t, "well-known e-mail_address x+y=z (a)[b]{c} 3.14 50% #tag @user", wordcount.Options{})
	wantCounts(t, got, map[string]int{
		"well": 1, "known": 1, "e": 1, "mail": 1, "address": 1, "x": 1, "y": 1, "z": 1,
		"a": 1, "b": 1, "c": 1, "3": 1, "14": 1, "50": 1, "tag": 1, "user": 1,
	})
}

func TestApostrophesInsideWords(t *testing.T) {
	text := "Don't stop 'quoted' the students' rock'n'roll it''s O\u2019Clock \u2019tis don\u2019t 1'2 a' 'b"
	got := count(t, text, wordcount.Options{})
	wantCounts(t, got, map[string]int{
		"don't": 2, "stop": 1, "quoted": 1, "the": 1, "students": 1, "rock'n'roll": 1,
		"it": 1, "s": 1, "o'clock": 1, "tis": 1, "1'2": 1, "a": 1, "b": 1,
	})
}

func TestUnicodeLettersDigitsAndMarks(t *testing.T) {
	text := "Grüße aus 東京! naïve ÉCOLE école École abc123 ٣٤ Ｗｉｄｅ cafe\u0301 ΣΟΦΟΣ"
	got := count(t, text, wordcount.Options{})
	wantCounts(t, got, map[string]int{
		"grüße": 1, "aus": 1, "東京": 1, "naïve": 1, "école": 3, "abc123": 1, "٣٤": 1,
		"ｗｉｄｅ": 1, "cafe\u0301": 1, "σοφοσ": 1,
	})
}

func TestInvalidUTF8IsASeparator(t *testing.T) {
	got := count(t, "abc\xffdef \xe2\x82 ghi\xc3", wordcount.Options{})
	wantCounts(t, got, map[string]int{"abc": 1, "def": 1, "ghi": 1})
}

func TestStopWords(t *testing.T) {
	opts := wordcount.Options{StopWords: []string{"The", "AND", "don\u2019t", "a"}}
	got := count(t, "The cat and THE dog don't and won't stop a A b", opts)
	wantCounts(t, got, map[string]int{"cat": 1, "dog": 1, "won't": 1, "stop": 1, "b": 1})
}

func TestEmptyAndSeparatorOnlyInput(t *testing.T) {
	for _, text := range []string{"", "   \n\t", "--- ''' ... \u2019\u2019"} {
		got := count(t, text, wordcount.Options{})
		if len(got) != 0 {
			t.Fatalf("Count(%q) = %v, want an empty map", text, got)
		}
	}
}

func TestSmallReadsSplittingRunes(t *testing.T) {
	text := strings.Repeat("Größe straße O\u2019Brien 東京タワー don't ", 50)
	got, err := wordcount.Count(iotest.OneByteReader(strings.NewReader(text)), wordcount.Options{})
	if err != nil {
		t.Fatalf("Count: %v", err)
	}
	wantCounts(t, got, map[string]int{"größe": 50, "straße": 50, "o'brien": 50, "東京タワー": 50, "don't": 50})
}

func TestVeryLongWordsAndLargeInput(t *testing.T) {
	long := strings.Repeat("a", 200000)
	text := long + " b " + strings.Repeat("x ", 100000) + long
	got := count(t, text, wordcount.Options{})
	wantCounts(t, got, map[string]int{long: 2, "b": 1, "x": 100000})
}

type failingReader struct {
	data []byte
	err  error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

var errDisk = errors.New("disk on fire")

func TestReaderErrorIsReturned(t *testing.T) {
	got, err := wordcount.Count(&failingReader{data: []byte("some words here"), err: errDisk}, wordcount.Options{})
	if !errors.Is(err, errDisk) {
		t.Fatalf("Count error = %v, want errDisk", err)
	}
	if got != nil {
		t.Fatalf("Count returned counts %v together with an error", got)
	}
	_, err = wordcount.Count(iotest.TimeoutReader(strings.NewReader(strings.Repeat("word ", 100000))), wordcount.Options{})
	if !errors.Is(err, iotest.ErrTimeout) {
		t.Fatalf("Count error = %v, want iotest.ErrTimeout", err)
	}
}

func TestTopOrdersByCountThenWord(t *testing.T) {
	counts := map[string]int{"pear": 3, "apple": 3, "fig": 7, "kiwi": 1, "Banana": 3, "date": 2, "éclair": 3}
	want := []wordcount.WordCount{{"fig", 7}, {"Banana", 3}, {"apple", 3}, {"pear", 3}, {"éclair", 3}, {"date", 2}, {"kiwi", 1}}
	for n := 1; n <= len(want); n++ {
		got := wordcount.Top(counts, n)
		if !reflect.DeepEqual(got, want[:n]) {
			t.Fatalf("Top(%d) = %v, want %v", n, got, want[:n])
		}
	}
	if got := wordcount.Top(counts, 100); !reflect.DeepEqual(got, want) {
		t.Fatalf("Top(100) = %v, want all %d entries", got, len(want))
	}
	for _, n := range []int{0, -5} {
		if got := wordcount.Top(counts, n); got == nil || len(got) != 0 {
			t.Fatalf("Top(%d) = %#v, want an empty non-nil slice", n, got)
		}
	}
	if got := wordcount.Top(nil, 3); got == nil || len(got) != 0 {
		t.Fatalf("Top(nil, 3) = %#v, want an empty non-nil slice", got)
	}
}

func TestCountAllMergesWithoutJoiningWords(t *testing.T) {
	readers := []io.Reader{
		strings.NewReader("alpha beta foo"),
		strings.NewReader("bar Alpha"),
		strings.NewReader(""),
		iotest.HalfReader(strings.NewReader("beta GAMMA the")),
	}
	got, err := wordcount.CountAll(readers, wordcount.Options{StopWords: []string{"the"}}, 2)
	if err != nil {
		t.Fatalf("CountAll: %v", err)
	}
	wantCounts(t, got, map[string]int{"alpha": 2, "beta": 2, "foo": 1, "bar": 1, "gamma": 1})

	got, err = wordcount.CountAll(nil, wordcount.Options{}, 3)
	if err != nil || got == nil || len(got) != 0 {
		t.Fatalf("CountAll(no readers) = (%v, %v), want an empty non-nil map", got, err)
	}
}

func TestCountAllRejectsInvalidWorkers(t *testing.T) {
	for _, w := range []int{0, -1} {
		got, err := wordcount.CountAll([]io.Reader{strings.NewReader("x")}, wordcount.Options{}, w)
		if !errors.Is(err, wordcount.ErrInvalidWorkers) || got != nil {
			t.Fatalf("CountAll(workers=%d) = (%v, %v), want (nil, ErrInvalidWorkers)", w, got, err)
		}
	}
}

func TestCountAllReturnsErrorOfLowestFailingIndex(t *testing.T) {
	errFirst := errors.New("first failure")
	errSecond := errors.New("second failure")
	// The reader at index 1 fails only after a pause, so the reader at index 3
	// fails first in time; the error of index 1 must still win.
	slow := &gatedReader{gate: make(chan struct{}), inner: &failingReader{data: []byte("x"), err: errFirst}}
	readers := []io.Reader{
		strings.NewReader("ok"),
		slow,
		strings.NewReader("fine"),
		&failingReader{data: []byte("y"), err: errSecond},
	}
	go func() {
		time.Sleep(50 * time.Millisecond)
		close(slow.gate)
	}()
	got, err := wordcount.CountAll(readers, wordcount.Options{}, 4)
	if !errors.Is(err, errFirst) {
		t.Fatalf("CountAll error = %v, want the error of reader 1", err)
	}
	if got != nil {
		t.Fatalf("CountAll returned counts %v together with an error", got)
	}
}

type gatedReader struct {
	gate  chan struct{}
	inner io.Reader
}

func (r *gatedReader) Read(p []byte) (int, error) {
	<-r.gate
	return r.inner.Read(p)
}

// barrier tracks how many readers are being read at once. Each reader blocks on
// its first Read until `need` readers are in flight together (or a guard expires).
type barrier struct {
	need     int32
	inFlight atomic.Int32
	max      atomic.Int32
	open     chan struct{}
	once     sync.Once
	timedOut atomic.Bool
}

type barrierReader struct {
	b       *barrier
	r       io.Reader
	started bool
}

func (br *barrierReader) Read(p []byte) (int, error) {
	b := br.b
	if !br.started {
		br.started = true
		n := b.inFlight.Add(1)
		for {
			m := b.max.Load()
			if n <= m || b.max.CompareAndSwap(m, n) {
				break
			}
		}
		if n >= b.need {
			b.once.Do(func() { close(b.open) })
		}
		select {
		case <-b.open:
		case <-time.After(3 * time.Second):
			b.timedOut.Store(true)
		}
	}
	n, err := br.r.Read(p)
	if err == io.EOF {
		b.inFlight.Add(-1)
	}
	return n, err
}

func TestCountAllReadsConcurrentlyWithinLimit(t *testing.T) {
	const workers = 3
	b := &barrier{need: workers, open: make(chan struct{})}
	var readers []io.Reader
	for i := 0; i < 8; i++ {
		readers = append(readers, &barrierReader{b: b, r: strings.NewReader(fmt.Sprintf("w%d shared", i%2))})
	}
	got, err := wordcount.CountAll(readers, wordcount.Options{}, workers)
	if err != nil {
		t.Fatalf("CountAll: %v", err)
	}
	wantCounts(t, got, map[string]int{"w0": 4, "w1": 4, "shared": 8})
	if b.timedOut.Load() {
		t.Fatalf("readers were not read concurrently: never %d in flight at once (max %d)", workers, b.max.Load())
	}
	if m := b.max.Load(); m != workers {
		t.Fatalf("max readers in flight = %d, want exactly %d", m, workers)
	}
}
