"""Grid positions of the elements for the clickable periodic table of the material list filter."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pymatgen.core import Element


@dataclass(frozen=True)
class Cell:
    symbol: str
    name: str
    number: int
    row: int  # 1-7 main table; 9-10 the lanthanide and actinide rows below it
    column: int  # 1-18


@cache
def periodic_table() -> tuple[Cell, ...]:
    """Elements 1-103 laid out in the usual 18-column form, Ce-Lu and Th-Lr in two rows underneath."""
    cells = []
    for number in range(1, 104):
        element = Element.from_Z(number)
        row, column = element.row, element.group
        if 58 <= number <= 71:
            row, column = 9, number - 58 + 4
        elif 90 <= number <= 103:
            row, column = 10, number - 90 + 4
        cells.append(Cell(symbol=element.symbol, name=element.long_name, number=number, row=row, column=column))
    return tuple(cells)
