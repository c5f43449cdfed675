"""The notification engine (通知): an in-app inbox per user, e-mail, and group robots
(DingTalk, WeCom), with one digest a day per recipient and red messages at once."""
