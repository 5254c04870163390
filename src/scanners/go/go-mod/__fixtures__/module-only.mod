// A module with no dependencies and no go directive.
module example.com/bare
