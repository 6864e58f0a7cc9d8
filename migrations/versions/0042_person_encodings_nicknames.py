"""Index and count the person records again: names through other encodings, M.ª, and more nicknames.

The person matcher now reads
- a name that passed through another encoding, or twice through one (UTF-8
  read as Windows-1252 twice over, "NUÃƒâ€˜EZ"; as a DOS code page,
  "N├Ü├æEZ"; as Mac Roman; HTML entities left in by a web form,
  "N&Uacute;&Ntilde;EZ") as the name it was (ftfy), where it read letters
  that were never there;
- "M.ª", the abbreviation of María as the Real Academia writes it, as
  María (it was read as an initial M and a given name "A");
- the English diminutives and spellings the nickname table was missing
  against the public list of English nicknames (Angie for Angela, Christy
  and Kris for Christine and Kristin, Kev, Ash, Meg, Steffi, Vicki, Tessa,
  Shelly, Liv, Jonny, Teddy, Bess, Peg, Andi, Laurie, Max for Maxwell,
  Luke for Lucas, Ginny, Bella, Maddie, Britt, Tiff, Tasha, Stu...) and the
  Mexican hypocoristics it was missing against published lists of them
  (Gelo, Benja, Teto, Lolo, Moi, Chío, Cucho, Adri, Dago, Chemo, Chebo,
  Chivis, Trini, Sebas, Xime, Lore, Lili, Viri, Gris...), whose records are
  indexed under the formal name too;
- a nickname under its own sound as well as its formal names' (the same
  nickname mistyped, Khrissy for Chrissy, is in no table and has only its
  own).

Each changes a record's keys, and the first two its terms: each indexed person
record is given today's keys and the term counts are counted again
(``conflicts.rekey.read_persons_again``). No table changes.

Revision ID: 0042
Revises: 0041
Create Date: 2026-12-06 00:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0042'
down_revision = '0041'
branch_labels = None
depends_on = None


def upgrade():
    from coordinator.conflicts.rekey import read_persons_again

    read_persons_again(op.get_bind())


def downgrade():
    # Not undone: the code before reads the same keys of every other record; one of these is indexed as it
    # expects again when it is next written.
    pass
