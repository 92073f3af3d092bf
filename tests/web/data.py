"""Data builders shared by the web and browser tests."""

from __future__ import annotations

from electrolytes.models import ConductivityFit, Material, Reference
from tests import factories


def add_fit(
    material: Material,
    *,
    model: str = "arrhenius",
    ea: float = 0.3,
    prefactor: float = 1.0e3,
    t0: float | None = None,
    t_min: float = 260.0,
    t_max: float = 380.0,
    sigma_25c: float = 1e-3,
    preferred: bool = True,
    source: Reference | None = None,
) -> ConductivityFit:
    """A stored fit (the fitting code is another module's job; pages only draw the parameters)."""
    return ConductivityFit.objects.create(
        material=material,
        source=source or factories.reference(),
        model=model,
        activation_energy_ev=ea,
        prefactor=prefactor,
        vtf_t0_k=t0,
        sigma_25c=sigma_25c,
        sigma_25c_extrapolated=False,
        r_squared=0.995,
        t_min_k=t_min,
        t_max_k=t_max,
        n_points=5,
        is_preferred=preferred,
    )


def catalogue(n: int, *, prefix: str = "Argyrodite") -> list[Material]:
    """``n`` published sulfides of one family, each with conductivities at 25 °C and 80 °C, an
    activation energy and a stored fit, plus n references' worth of sources."""
    materials = []
    for i in range(n):
        material = factories.material(
            f"{prefix} {i:02d}", "Li6PS5Cl", family_slug="argyrodite", description="A halide-rich argyrodite."
        )
        source = factories.reference(f"{prefix.lower()}-{i:02d}", title=f"Argyrodite study {i}")
        factories.measurement(
            material, "ionic_conductivity", 1.0 + i, "mS/cm", temperature=25, temperature_unit="degC", ref=source
        )
        factories.measurement(
            material, "ionic_conductivity", 8.0 + i, "mS/cm", temperature=80, temperature_unit="degC", ref=source
        )
        factories.measurement(material, "activation_energy", 0.3, "eV", ref=source)
        add_fit(material, source=source, sigma_25c=(1.0 + i) * 1e-3)
        materials.append(material)
    return materials
