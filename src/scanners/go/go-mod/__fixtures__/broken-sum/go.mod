module example.com/broken-sum

go 1.15

require github.com/google/uuid v1.1.2
