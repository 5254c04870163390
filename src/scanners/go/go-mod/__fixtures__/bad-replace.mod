module example.com/broken

require golang.org/x/net v0.25.0

replace golang.org/x/net => github.com/fork/net
