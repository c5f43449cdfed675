#!/usr/bin/env python
from groundbreak.cli import main

if __name__ == "__main__":
    main()
