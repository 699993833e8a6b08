"""``python -m omhub.timescales refresh --from FILE`` (see ``omhub.timescales.refresh``)."""

import sys

from .refresh import main

sys.exit(main())
