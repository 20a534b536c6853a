dependencyResolutionManagement {
    repositories {
        gradlePluginPortal()
    }
    // Share the main build's catalog so build-logic pins the same Kotlin version.
    versionCatalogs {
        create("libs") {
            from(files("../gradle/libs.versions.toml"))
        }
    }
}

rootProject.name = "build-logic"
