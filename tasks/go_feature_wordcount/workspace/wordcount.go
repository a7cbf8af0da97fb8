// Package wordcount counts word frequencies in text streams.
package wordcount

import (
	"errors"
	"io"
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

var errNotImplemented = errors.New("wordcount: not implemented")

// Count reads r to the end and returns how many times each word occurs.
func Count(r io.Reader, opts Options) (map[string]int, error) {
	// TODO: implement.
	return nil, errNotImplemented
}

// Top returns the n most frequent words.
func Top(counts map[string]int, n int) []WordCount {
	// TODO: implement.
	return nil
}

// CountAll counts every reader, using up to workers goroutines, and merges
// the results.
func CountAll(readers []io.Reader, opts Options, workers int) (map[string]int, error) {
	// TODO: implement.
	return nil, errNotImplemented
}
