"""Live-server proofs that make servers of their own (a full disk, the production topology): none
uses the seeded server that tests/reliability's proofs share and its canary sweep reads after
them, so with --side-by-side they go to whichever process runs out of work first."""
