// The query flag /account is sent to after a password change (app/account/actions.ts), for its notice.
export const PASSWORD_CHANGED = "password=changed";
