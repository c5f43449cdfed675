"""Dispatch (调度): the 三督 lists, dispatch meetings with their agenda and minutes, and
supervision items (督办事项) from drafting to closing."""
