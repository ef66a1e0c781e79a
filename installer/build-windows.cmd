@echo off
rem Build dist\relief-desktop-<version>-setup.exe on a Windows PC (see installer\README.md).
rem Needs: Python 3.11+ (py launcher) and Inno Setup 6 (iscc.exe on PATH or in its default folder).
setlocal
cd /d "%~dp0.."
py dev.py test || exit /b 1
py dev.py bundle || exit /b 1
dist\relief-desktop\relief-desktop-cli.exe selftest || exit /b 1
for /f "usebackq delims=" %%v in (`.venv\Scripts\python -c "from importlib.metadata import version; print(version('relief-desktop'))"`) do set VERSION=%%v
set ISCC=iscc
where iscc >nul 2>nul || set ISCC="%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe"
if not exist "%ProgramFiles(x86)%\Inno Setup 6\Languages\ChineseSimplified.isl" (
  echo ChineseSimplified.isl is missing from Inno Setup 6\Languages: see installer\README.md step 3
)
%ISCC% /DAppVersion=%VERSION% installer\relief-desktop.iss || exit /b 1
echo Built dist\relief-desktop-%VERSION%-setup.exe
