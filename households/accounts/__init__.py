"""Accounts: a user with one role in a ward and, for TDP roles, the TDPs it answers for.

- `services`: create or update an account (`save_account`, shared by add_user, seed_demo,
  tests and the set-up screens), the ward's account list, locking and unlocking.
- `forms`, `views`, `urls`: the set-up's account screens (/setup/users/…) for the office
  and administrators."""
