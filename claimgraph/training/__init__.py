"""Code that trains claimgraph's models, one module per model, apart from the components that
only load and predict. Each reads its corpus (../shared benchmarks, the repository's data/) and
writes to the path it is given; ``claimgraph train ...`` calls it."""
