"""The training demo: real cases on throwaway local anvil nodes, diagnosed step by step."""
