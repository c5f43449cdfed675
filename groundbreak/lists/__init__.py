"""The five lists (五张清单): targets, problems, measures, and the responsibility and deadline
views over them."""
