"""Downloads: writing values into the workbooks staff take home, safely."""
