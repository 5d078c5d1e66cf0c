"""The pure core: clause library, answers, composition, policy building, fairness.

Nothing here touches a database, a browser, the network or a heavy adapter library.
"""
