module example.com/broken

require github.com/google/uuid 1.6.0
