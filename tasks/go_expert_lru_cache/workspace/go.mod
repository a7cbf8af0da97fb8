module lru

go 1.21
