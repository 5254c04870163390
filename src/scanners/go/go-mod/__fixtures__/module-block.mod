module (
	example.com/inventory/service
)

go 1.21

require (
	golang.org/x/text v0.14.0
	github.com/google/uuid v1.6.0 // indirect
)
