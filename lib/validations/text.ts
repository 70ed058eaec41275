// Free text from the outside world that PostgreSQL will see. PostgreSQL's text type cannot hold
// NUL (U+0000): such a value would fail in the database (a 500) instead of being refused here
// (a 400); the other control characters have no business in a name, an address or a search either.
// Tab and newlines stay allowed.

export const NO_CONTROL_CHARACTERS = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

export const noControlCharacters = (name: string) => `${name} must not contain control characters`;
