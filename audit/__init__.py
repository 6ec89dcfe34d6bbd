"""The immutable access log. `audit.log` is the one way in (a typed function per event family);
`audit.hooks` is where higher apps plug in what the review needs to know about them."""
