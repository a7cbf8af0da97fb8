module singleflight

go 1.21
