module ratelimit

go 1.21
