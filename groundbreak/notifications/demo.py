"""The notifications step of the demo: one WeCom robot channel per county, switched off and
pointing at a local address, so that the demo shows the page and never posts anywhere. The
inbox fills from the alerts step (warnings notify their recipients)."""

from groundbreak.notifications.models import RobotChannel, RobotKind
from groundbreak.regions.models import Region, RegionKind


def build(demo):
    # This step runs before the projects step makes the demo's users: saved by the system.
    made = 0
    for county in Region.objects.filter(kind=RegionKind.COUNTY):
        channel = RobotChannel(
            name=f"{county.name}重点项目调度群",
            kind=RobotKind.WECOM,
            webhook_url=f"http://127.0.0.1:9/cgi-bin/webhook/send?key=demo-{county.code}",
            region=county,
            levels=["orange", "red"],
            active=False,
        )
        channel.full_clean()
        channel.save()
        made += 1
    demo.say(f"群机器人: {made} 个（未启用，演示不外发）")
    return {"counts": {"robot_channels": made}}
