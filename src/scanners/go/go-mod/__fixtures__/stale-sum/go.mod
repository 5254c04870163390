module example.com/stale

go 1.22

require (
	github.com/google/uuid v1.6.0
	github.com/spf13/cobra v1.8.1
)
