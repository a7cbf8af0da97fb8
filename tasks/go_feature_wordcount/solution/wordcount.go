// Package wordcount counts word frequencies in text streams.
package wordcount

import (
	"bufio"
	"errors"
	"io"
	"sort"
	"strings"
	"sync"
	"unicode"
)

// Options controls how words are counted.
type Options struct {
	// StopWords are words that are never counted. They are normalised the
	// same way as words in the text before comparison.
	StopWords []string
}

// WordCount is one entry of a Top result.
type WordCount struct {
	Word  string
	Count int
}

// ErrInvalidWorkers reports a worker count below 1.
var ErrInvalidWorkers = errors.New("wordcount: workers must be at least 1")

const (
	apostrophe      = '\''
	rightApostrophe = '\u2019'
)

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// normalize lower-cases a word and turns typographic apostrophes into ASCII.
func normalize(w string) string {
	return strings.ToLower(strings.ReplaceAll(w, string(rightApostrophe), string(apostrophe)))
}

func stopSet(words []string) map[string]struct{} {
	set := make(map[string]struct{}, len(words))
	for _, w := range words {
		set[normalize(w)] = struct{}{}
	}
	return set
}

// Count reads r to the end and returns how many times each word occurs.
func Count(r io.Reader, opts Options) (map[string]int, error) {
	return count(r, stopSet(opts.StopWords))
}

func count(r io.Reader, stop map[string]struct{}) (map[string]int, error) {
	counts := make(map[string]int)
	br := bufio.NewReader(r)
	var word strings.Builder
	pendingApostrophe := false // an apostrophe directly after a word rune

	flush := func() {
		pendingApostrophe = false
		if word.Len() == 0 {
			return
		}
		w := strings.ToLower(word.String())
		word.Reset()
		if _, skip := stop[w]; !skip {
			counts[w]++
		}
	}

	for {
		ch, _, err := br.ReadRune()
		if err != nil {
			if err == io.EOF {
				flush()
				return counts, nil
			}
			return nil, err
		}
		switch {
		case isWordRune(ch):
			if pendingApostrophe {
				word.WriteRune(apostrophe)
				pendingApostrophe = false
			}
			word.WriteRune(ch)
		case (ch == apostrophe || ch == rightApostrophe) && word.Len() > 0 && !pendingApostrophe:
			pendingApostrophe = true
		default:
			// Separators include invalid UTF-8, which ReadRune reports as
			// utf8.RuneError.
			flush()
		}
	}
}

// Top returns the n most frequent words, ties broken by the word in
// ascending byte order.
func Top(counts map[string]int, n int) []WordCount {
	if n <= 0 {
		return []WordCount{}
	}
	all := make([]WordCount, 0, len(counts))
	for w, c := range counts {
		all = append(all, WordCount{w, c})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].Count != all[j].Count {
			return all[i].Count > all[j].Count
		}
		return all[i].Word < all[j].Word
	})
	if n < len(all) {
		all = all[:n]
	}
	return all
}

// CountAll counts every reader, using up to workers goroutines, and merges
// the results. If any reader fails, it returns the error of the failing
// reader with the lowest index.
func CountAll(readers []io.Reader, opts Options, workers int) (map[string]int, error) {
	if workers < 1 {
		return nil, ErrInvalidWorkers
	}
	stop := stopSet(opts.StopWords)
	results := make([]map[string]int, len(readers))
	errs := make([]error, len(readers))

	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(workers, len(readers)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i], errs[i] = count(readers[i], stop)
			}
		}()
	}
	for i := range readers {
		jobs <- i
	}
	close(jobs)
	wg.Wait()

	merged := make(map[string]int)
	for i, m := range results {
		if errs[i] != nil {
			return nil, errs[i]
		}
		for w, c := range m {
			merged[w] += c
		}
	}
	return merged, nil
}
