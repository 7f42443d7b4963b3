"""Builds the compiled parts of extractor: the layout reader's glyph loops
(``extractor/layout/_glyphs.pyx``) and the spaCy model's kernels that let go of the GIL
(``extractor/core/_kernels.pyx``).

Everything else is in pyproject.toml. The extensions are optional: without Cython or a C
compiler the install goes on and the same loops run in Python, or thinc's own kernels (slower,
same output)."""
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    """build_ext that warns instead of failing when the extension cannot be compiled."""

    def run(self):
        try:
            super().run()
        except Exception as exc:  # no compiler, no Python headers
            self.warn(f"extractor: compiled loops not built ({exc}); the Python loops and thinc's kernels are used")

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except Exception as exc:
            self.warn(f"extractor: {ext.name} not built ({exc}); its Python (or thinc's) twin is used")


def extensions():
    try:
        from Cython.Build import cythonize
    except ImportError:
        return []
    # no fused multiply-add: the compiled arithmetic must give Python's floats bit for bit
    ext = Extension("extractor.layout._glyphs", ["extractor/layout/_glyphs.pyx"],
                    extra_compile_args=["-O2", "-ffp-contract=off"])
    # -O3: the kernels' loops over a row's floats vectorised (each element on its own: the
    # same sums in the same order)
    kernels = Extension("extractor.core._kernels", ["extractor/core/_kernels.pyx"],
                        extra_compile_args=["-O3", "-ffp-contract=off"])
    return cythonize([ext, kernels], language_level=3, quiet=True)


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
