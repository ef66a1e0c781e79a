; Inno Setup 6 script: wraps dist\relief-desktop\ (python dev.py bundle) into one per-user
; Setup.exe. Build on Windows with installer\build-windows.cmd, or:
;   iscc /DAppVersion=0.1.0 installer\relief-desktop.iss
; (the version comes from the package metadata; build-windows.cmd passes it).
;
; - Per user, no administrator rights: installs into %LOCALAPPDATA%\Programs\relief-desktop.
; - Start-menu and desktop shortcuts named 关爱援助工作台.
; - The team's data (%LOCALAPPDATA%\relief_desktop: the store, backups, attachments, logs) is
;   never part of the installation: uninstalling leaves it, and a newer Setup.exe (same AppId)
;   replaces the program only; the app upgrades the store itself on first start, after a backup.
; - Setup and uninstall close a running copy first (its store must not be open mid-upgrade).
; Save this file as UTF-8 with BOM (Inno Setup 6 reads the Chinese names from it).

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=0.1.0 installer\relief-desktop.iss
#endif

#define AppName "关爱援助工作台"
#define AppExe "relief-desktop.exe"

[Setup]
; The AppId ties every version together: an upgrade is recognised and installs in place.
; Never change it.
AppId={{6B0E7C5A-3C1F-4E8B-9B61-5F0C2D7A4E21}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=成华区街道社会关爱援助中心
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} 安装程序
DefaultDirName={localappdata}\Programs\relief-desktop
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist
OutputBaseFilename=relief-desktop-{#AppVersion}-setup
SetupIconFile=..\resources\icons\relief-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=force
RestartApplications=no
ShowLanguageDialog=no

[Languages]
; ChineseSimplified.isl ships with recent Inno Setup 6 releases; for an older one put it into
; Inno Setup's Languages folder first (installer\README.md, step 3).
Name: "zh"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式“{#AppName}”"; GroupDescription: "快捷方式："

[InstallDelete]
; An upgrade replaces the program folder whole, so no file of an older version lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\relief-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "启动{#AppName}"; Flags: postinstall nowait skipifsilent

[UninstallDelete]
; Only the program folder. %LOCALAPPDATA%\relief_desktop (the data) is deliberately not listed.
Type: filesandordirs; Name: "{app}\_internal"

[Messages]
zh.FinishedLabel=[name] 已安装。数据保存在本机“AppData\Local\relief_desktop”文件夹中，升级或卸载程序都不会删除它。
