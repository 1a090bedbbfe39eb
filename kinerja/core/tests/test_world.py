from kinerja.people import permissions as people_permissions
from kinerja.people.chain import superior_chain
from kinerja.people.models import Employee


def test_world_builds_and_scopes(world):
    # a section head (pejabat penilai) sees their section, not a sibling bidang
    visible = set(people_permissions.restrict_employees(Employee.objects.all(), world.u_kasi_surv)
                  .values_list("name", flat=True))
    assert visible == {"Rina Wulandari", "Andi Pratama", "Dewi Lestari"}
    chain = superior_chain(world.staff1)
    assert [link.holder for link in chain] == [world.kasi_surv, world.kabid_p2p]
