"""``core.extensions``: a compiled module when it was built, None (its twin runs) when not."""
from extractor.core.extensions import optional


def test_a_built_module_is_given():
    kernels = optional("extractor.core._kernels")
    assert kernels is not None and hasattr(kernels, "gather_add")


def test_a_module_not_built_is_none_not_an_error():
    assert optional("extractor.core._not_built") is None
