"""The command line's usage error, in a module of its own so the commands need not import the
package that imports them."""


class UsageError(ValueError):
    """A command was given arguments it cannot use (exit status 2)."""
