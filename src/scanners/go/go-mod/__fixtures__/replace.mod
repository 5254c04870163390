module example.com/app

go 1.22

require (
	golang.org/x/net v0.25.0
	golang.org/x/text v0.15.0
	github.com/old/logger v1.2.0
	github.com/old/logger/v2 v2.1.0
	example.com/internal/auth v0.0.0-00010101000000-000000000000
)

// Only this exact version is replaced.
replace golang.org/x/net v0.25.0 => golang.org/x/net v0.26.0

replace (
	// All versions of the module are replaced by a fork.
	github.com/old/logger => github.com/new/logger v1.3.0
	// A local checkout.
	example.com/internal/auth => ../auth
	// A version that is not required: no effect.
	golang.org/x/text v0.14.0 => golang.org/x/text v0.16.0
	github.com/old/logger/v2 v2.1.0 => C:\src\logger
)
