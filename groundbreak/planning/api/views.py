InvestmentTargetViewSet = AccountViewSet = AccountLockViewSet = StartWeightViewSet = None
