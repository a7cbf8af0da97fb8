module ringbuf

go 1.21
