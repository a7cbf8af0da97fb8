module healthcheck

go 1.21
