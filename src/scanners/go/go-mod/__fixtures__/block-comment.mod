module example.com/broken
/* go.mod does not allow block comments */
go 1.22
