"""Every health check Radarr has is either provoked and cleared by a test here, or does not apply.

tests/data/radarr-health-checks.json lists Radarr's check classes (its source names them). Each
needs an entry in TESTED_BY (the test in tests/health that makes the condition hold, sees the
check in /api/v3/health and clears it) or in NOT_APPLICABLE with the reason; never both.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

HERE = Path(__file__).parent
RADARR_CHECKS = json.loads((HERE.parent / "data" / "radarr-health-checks.json").read_text())

TESTED_BY: dict[str, tuple[str, str]] = {
    "ApiKeyValidationCheck": (
        "test_settings_checks.py",
        "test_api_key_validation_check_reports_a_short_key_until_a_long_one_is_set",
    ),
    "DownloadClientCheck": (
        "test_download_client_checks.py",
        "test_download_client_check_reports_a_client_it_cannot_talk_to",
    ),
    "DownloadClientRemovesCompletedDownloadsCheck": (
        "test_download_client_checks.py",
        "test_download_client_removes_completed_downloads_check_follows_the_history_retention",
    ),
    "DownloadClientRootFolderCheck": (
        "test_download_client_checks.py",
        "test_download_client_root_folder_check_reports_downloads_landing_in_the_library",
    ),
    "DownloadClientSortingCheck": (
        "test_download_client_checks.py",
        "test_download_client_sorting_check_reports_sorting_of_reelarrs_category",
    ),
    "DownloadClientStatusCheck": (
        "test_download_client_checks.py",
        "test_download_client_status_check_reports_a_client_backed_off_after_failures",
    ),
    "ImportListRootFolderCheck": (
        "test_checks.py",
        "test_import_list_root_folder_check_clears_when_the_folder_is_added",
    ),
    "ImportListStatusCheck": (
        "test_provider_checks.py",
        "test_import_list_status_check_reports_a_list_that_fails_until_it_is_read_again",
    ),
    "ImportMechanismCheck": (
        "test_checks.py",
        "test_import_mechanism_check_follows_completed_download_handling",
    ),
    "IndexerDownloadClientCheck": (
        "test_provider_checks.py",
        "test_indexer_download_client_check_reports_an_indexer_pinned_to_a_deleted_client",
    ),
    "IndexerJackettAllCheck": (
        "test_provider_checks.py",
        "test_indexer_jackett_all_check_reports_the_aggregate_endpoint",
    ),
    "IndexerLongTermStatusCheck": (
        "test_provider_checks.py",
        "test_indexer_long_term_status_check_reports_an_indexer_failing_for_more_than_six_hours",
    ),
    "IndexerRssCheck": (
        "test_checks.py",
        "test_indexer_rss_and_search_checks_clear_when_an_indexer_is_added",
    ),
    "IndexerSearchCheck": (
        "test_checks.py",
        "test_indexer_rss_and_search_checks_clear_when_an_indexer_is_added",
    ),
    "IndexerStatusCheck": (
        "test_provider_checks.py",
        "test_indexer_status_check_reports_an_indexer_backed_off_until_it_answers_again",
    ),
    "MetadataCheck": ("test_provider_checks.py", "test_metadata_check_reports_kometa_while_it_is_enabled"),
    "MountCheck": (
        "test_mount_check.py",
        "test_mount_check_reports_movies_on_a_read_only_mount_until_it_is_writable_again",
    ),
    "MovieCollectionRootFolderCheck": (
        "test_settings_checks.py",
        "test_movie_collection_root_folder_check_reports_a_collection_outside_the_root_folders",
    ),
    "NamingConfigCheck": (
        "test_settings_checks.py",
        "test_naming_config_check_reports_file_tokens_in_an_imported_folder_format",
    ),
    "NotificationStatusCheck": (
        "test_checks.py",
        "test_notification_status_check_reports_a_notification_that_fails",
    ),
    "PTPOldSettingsCheck": (
        "test_provider_checks.py",
        "test_ptp_old_settings_check_reports_a_passthepopcorn_indexer_without_an_api_user",
    ),
    "RecyclingBinCheck": ("test_checks.py", "test_recycling_bin_check_follows_the_media_management_setting"),
    "RemotePathMappingCheck": (
        "test_download_client_checks.py",
        "test_remote_path_mapping_check_reports_a_download_folder_reelarr_cannot_see",
    ),
    "RemovedMovieCheck": ("test_checks.py", "test_removed_movie_check_names_the_movie_until_it_is_deleted"),
    "RootFolderCheck": ("test_checks.py", "test_root_folder_check_is_rechecked_when_root_folders_change"),
    "SlackUrlCheck": (
        "test_provider_checks.py",
        "test_slack_url_check_reports_a_discord_webhook_saved_as_slack",
    ),
}

# Further tests of a check, on other download clients' real daemons (the set-up checks read each client).
ALSO_TESTED_BY: dict[str, list[tuple[str, str]]] = {
    "DownloadClientRootFolderCheck": [
        (
            "test_download_client_setups.py",
            "test_root_folder_check_names_qbittorrent_while_its_category_saves_into_the_library",
        ),
        (
            "test_download_client_setups.py",
            "test_root_folder_check_names_transmission_while_its_download_folder_is_the_library",
        ),
        (
            "test_download_client_setups.py",
            "test_root_folder_check_names_vuze_which_reads_its_folder_as_transmission_does",
        ),
        (
            "test_download_client_setups.py",
            "test_root_folder_check_names_nzbget_while_its_category_finishes_into_the_library",
        ),
        (
            "test_download_client_setups.py",
            "test_root_folder_check_names_aria2_while_its_download_folder_is_the_library",
        ),
    ],
    "DownloadClientRemovesCompletedDownloadsCheck": [
        (
            "test_download_client_setups.py",
            "test_removes_completed_check_names_qbittorrent_while_a_seeding_limit_removes_torrents",
        ),
        (
            "test_download_client_setups.py",
            "test_removes_completed_check_names_nzbget_while_it_keeps_no_history",
        ),
    ],
    "RemotePathMappingCheck": [
        (
            "test_download_client_setups.py",
            "test_remote_path_mapping_check_names_transmission_while_its_folder_is_missing_here",
        ),
    ],
}

NOT_APPLICABLE = {
    "AppDataLocationCheck": "Radarr's own updater replaces its install folder, so a data folder inside it "
    "would be deleted; Reelarr never updates itself (pip or the container image replace only the "
    "package's own files)",
    "PackageGlobalMessageCheck": "shows the message packagers write into Radarr's package_info file; "
    "Reelarr is a Python package with no such file",
    "ProxyCheck": "tests the proxy configured in Radarr's host settings; Reelarr has no proxy setting "
    "(config/host always reports proxyEnabled false), so there is no proxy to test",
    "ReleaseBranchCheck": "validates the branch Radarr's updater follows; Reelarr has no updater and "
    "no branches",
    "SqliteVersionCheck": "warns about SQLite older than 3.9.0 (2015) on Linux; Reelarr uses the SQLite its "
    "Python is built with, and no distribution packaging Python 3.11 ships one that old, so the condition "
    "cannot be provoked",
    "SystemTimeCheck": "compares the clock with Radarr's own cloud service (/time on its services host); "
    "Reelarr calls no service of its own, and nothing reachable offline knows the true time",
    "UpdateCheck": "reports updates from Radarr's update feed and an install folder its updater cannot "
    "write; Reelarr's updates come from its package or container image",
}


def _functions(file_name: str) -> dict[str, str]:
    """The test functions of one module in tests/health, with their source."""
    source = (HERE / file_name).read_text()
    tree = ast.parse(source)
    return {
        node.name: ast.get_source_segment(source, node) or ""
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    }


def test_the_list_is_radarrs_check_classes_from_a_named_commit() -> None:
    source = RADARR_CHECKS["source"]
    assert source["repository"] == "Radarr/Radarr" and len(source["commit"]) == 40
    assert source["path"] == "src/NzbDrone.Core/HealthCheck/Checks/"
    names = RADARR_CHECKS["checks"]
    assert len(names) == len(set(names)) >= 30 and all(name.endswith("Check") for name in names)


def test_every_radarr_check_is_tested_or_not_applicable_with_a_reason() -> None:
    names = set(RADARR_CHECKS["checks"])
    assert not set(TESTED_BY) & set(NOT_APPLICABLE), "a check is either tested or not applicable"
    assert set(TESTED_BY) | set(NOT_APPLICABLE) == names, (
        f"unaccounted: {sorted(names - set(TESTED_BY) - set(NOT_APPLICABLE))}; "
        f"not Radarr's: {sorted((set(TESTED_BY) | set(NOT_APPLICABLE)) - names)}"
    )
    assert all(len(reason) > 40 for reason in NOT_APPLICABLE.values())


def test_each_named_test_exists_and_asserts_on_its_check() -> None:
    assert set(ALSO_TESTED_BY) <= set(TESTED_BY)
    named = list(TESTED_BY.items())
    named += [(check, where) for check, more in ALSO_TESTED_BY.items() for where in more]
    for check, where in named:
        file_name, function = where
        functions = _functions(file_name)
        assert function in functions, f"{check}: {where} does not exist"
        # The test reads the check's own source from /api/v3/health (or a helper that does).
        assert f'"{check}"' in functions[function], f"{where} never looks for {check}"
