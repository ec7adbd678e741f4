"""The ``crosswalk`` command line: thin commands over the domain packages."""
