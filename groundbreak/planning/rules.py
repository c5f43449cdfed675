def register_kinds():
    pass
