"""Small hand-written CIFs, one per situation the checks must recognise."""

# Rock-salt LiCl (Fm-3m, a = 5.13 Å), written with its symmetry operations reduced to the ones needed:
# four Li and four Cl in the conventional cell, all fully occupied.
ORDERED_LICL = """data_LiCl
_symmetry_space_group_name_H-M   'P 1'
_symmetry_Int_Tables_number   1
_cell_length_a   5.13
_cell_length_b   5.13
_cell_length_c   5.13
_cell_angle_alpha   90
_cell_angle_beta   90
_cell_angle_gamma   90
loop_
 _symmetry_equiv_pos_as_xyz
  'x, y, z'
loop_
 _atom_site_type_symbol
 _atom_site_label
 _atom_site_fract_x
 _atom_site_fract_y
 _atom_site_fract_z
 _atom_site_occupancy
  Li  Li1  0.0  0.0  0.0  1.0
  Li  Li2  0.5  0.5  0.0  1.0
  Li  Li3  0.5  0.0  0.5  1.0
  Li  Li4  0.0  0.5  0.5  1.0
  Cl  Cl1  0.5  0.5  0.5  1.0
  Cl  Cl2  0.0  0.0  0.5  1.0
  Cl  Cl3  0.0  0.5  0.0  1.0
  Cl  Cl4  0.5  0.0  0.0  1.0
"""

# Cubic antiperovskite Li3OCl (Pm-3m, a = 3.91 Å) given by its space group: the parser generates the
# three Li sites from the one in the loop.
LI3OCL = """data_Li3OCl
_symmetry_space_group_name_H-M   'P m -3 m'
_symmetry_Int_Tables_number   221
_cell_length_a   3.91
_cell_length_b   3.91
_cell_length_c   3.91
_cell_angle_alpha   90
_cell_angle_beta   90
_cell_angle_gamma   90
loop_
 _atom_site_type_symbol
 _atom_site_label
 _atom_site_fract_x
 _atom_site_fract_y
 _atom_site_fract_z
 _atom_site_occupancy
  O   O1   0.5  0.5  0.5  1.0
  Cl  Cl1  0.0  0.0  0.0  1.0
  Li  Li1  0.5  0.5  0.0  1.0
"""

# A disordered site: La and Li share the A site of a perovskite-like cell (Li0.5La0.5TiO3, P1 for brevity),
# and the Li/La site is not fully occupied on one of the two A sites (a vacancy of 0.2).
DISORDERED_LLTO = """data_LLTO
_symmetry_space_group_name_H-M   'P 1'
_symmetry_Int_Tables_number   1
_cell_length_a   3.87
_cell_length_b   3.87
_cell_length_c   7.74
_cell_angle_alpha   90
_cell_angle_beta   90
_cell_angle_gamma   90
loop_
 _symmetry_equiv_pos_as_xyz
  'x, y, z'
loop_
 _atom_site_type_symbol
 _atom_site_label
 _atom_site_fract_x
 _atom_site_fract_y
 _atom_site_fract_z
 _atom_site_occupancy
  La  A1   0.0  0.0  0.0   0.5
  Li  A1b  0.0  0.0  0.0   0.5
  La  A2   0.0  0.0  0.5   0.4
  Li  A2b  0.0  0.0  0.5   0.4
  Ti  Ti1  0.5  0.5  0.25  1.0
  Ti  Ti2  0.5  0.5  0.75  1.0
  O   O1   0.5  0.5  0.0   1.0
  O   O2   0.5  0.5  0.5   1.0
  O   O3   0.5  0.0  0.25  1.0
  O   O4   0.0  0.5  0.25  1.0
  O   O5   0.5  0.0  0.75  1.0
  O   O6   0.0  0.5  0.75  1.0
"""

# A "lithium lanthanum titanate" CIF in which the Li sites were left out: La2/3TiO3 only (P1).
LITHIUM_FREE_LLTO = """data_LaTiO3_noLi
_symmetry_space_group_name_H-M   'P 1'
_symmetry_Int_Tables_number   1
_cell_length_a   3.87
_cell_length_b   3.87
_cell_length_c   3.87
_cell_angle_alpha   90
_cell_angle_beta   90
_cell_angle_gamma   90
loop_
 _symmetry_equiv_pos_as_xyz
  'x, y, z'
loop_
 _atom_site_type_symbol
 _atom_site_label
 _atom_site_fract_x
 _atom_site_fract_y
 _atom_site_fract_z
 _atom_site_occupancy
  La  La1  0.0  0.0  0.0  0.6667
  Ti  Ti1  0.5  0.5  0.5  1.0
  O   O1   0.5  0.5  0.0  1.0
  O   O2   0.5  0.0  0.5  1.0
  O   O3   0.0  0.5  0.5  1.0
"""

NOT_A_CIF = "This is a lab notebook page, not a crystallographic information file.\n"

# Cell parameters but no atom loop: pymatgen reads the cell and finds no sites.
NO_ATOMS = """data_empty
_cell_length_a   5.0
_cell_length_b   5.0
_cell_length_c   5.0
_cell_angle_alpha   90
_cell_angle_beta   90
_cell_angle_gamma   90
"""
