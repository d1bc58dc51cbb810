namespace Provenant.Signing.Oms;

/// <summary>How symbolic links inside a model are treated.</summary>
public enum SymlinkPolicy
{
    /// <summary>Any symlink is an error (OMS default, <c>allow_symlinks: false</c>).</summary>
    Reject,

    /// <summary>Symlinks to regular files inside the model root are hashed as the target's content
    /// (<c>allow_symlinks: true</c>); links leaving the root, loops, broken links and links to directories are errors.</summary>
    FollowWithinRoot,

    /// <summary>Exactly model_signing's <c>allow_symlinks=True</c>: symlinks to regular files are followed wherever
    /// they point (needed to reproduce its golden manifests); loops, broken links and links to directories are errors.</summary>
    FollowAnywhere,
}
